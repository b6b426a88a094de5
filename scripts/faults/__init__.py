"""`make faults`: rehearse a killed worker, a reload, a release and database outages
under load, against a throwaway PostgreSQL cluster and gunicorn as in production.

- run.py      the rehearsal: set-up, the faults in order, the report, the clean-up
- cluster.py  the throwaway PostgreSQL cluster
- server.py   gunicorn, its workers and signals
- load.py     the clients, and the writer of progress updates
- summary.py  the pure parts: figures from results, parsers (tested in tests/ops/)
- settings.py production settings with the static files in the rehearsal's directory
"""
