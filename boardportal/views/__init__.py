"""The public pages. Each view reads through a selector (`boardportal.selectors` or an
app's) and renders; status rules live in the apps, never here or in templates."""
