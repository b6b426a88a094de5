"""`make bench`: requests per second of each public page type against a bare Django view
in the same run, uncached and cached, at the demo data and at 10,000 generated
programmes, served as in production (gunicorn.conf.py, DEBUG off); then one gunicorn
process against two on two ports sharing PostgreSQL and Redis.

- run.py      the run: databases, servers, wrk, the table (README, "Benchmark")
- pages.py    the pages measured, one of each type, chosen from the data
- summary.py  the pure parts: wrk's report, the tables (tested in tests/ops/)
- settings.py production settings plus the bare view and a queries-per-request header
- urls.py     the site's URLs plus /bench/bare/, mounted only by settings.py
"""
