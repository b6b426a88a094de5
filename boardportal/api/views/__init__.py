"""The API's views: one read-only viewset per resource (plan, delivery, governance)."""
