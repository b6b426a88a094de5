"""Open data: the /open-data/ page and the CSV and JSON downloads of the main tables."""
