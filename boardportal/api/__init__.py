"""The read-only open-data API under /api/v1/ (Django REST framework, drf-spectacular).

Every read goes through the selectors and QuerySet methods the pages use: status as at
a date from `programmes.selectors`, who sees what from the QuerySets' `visible_to()`,
published progress updates and readings only. Anonymous requests get public data; a
personal token (`boardportal.models.ApiToken`) or a signed-in session adds draft plan
years and exempt agenda items, as signing in does on the pages.
"""
