"""Raw article text to records (`parse.py`) and records to the database (`load.py`)."""
