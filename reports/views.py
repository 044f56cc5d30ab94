"""Public pages. Only published articles appear anywhere here."""

from django.shortcuts import redirect
from django.views.generic import DetailView, ListView

from .models import Article


class HomeView(ListView):
    template_name = "reports/home.html"
    queryset = Article.objects.published().for_listing().newest_first()


class ArticleDetailView(DetailView):
    template_name = "reports/article_detail.html"
    queryset = Article.objects.published().for_detail()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs["slug"] != self.object.slug:
            # One address per article: an old or mistyped slug goes to the right one.
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["source_is_url"] = self.object.source.startswith(("http://", "https://"))
        return context
