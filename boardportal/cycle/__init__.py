"""The quarterly cycle in the admin: what officers owe, one form per programme, review
and publishing, reminders, import, and signing off a round. The rules live in
`programmes.rounds` and `programmes.services`; this package is the screens and emails."""
