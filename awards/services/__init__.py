"""Every state change of awards, one function each: permission, deadline, atomic save,
history row, notification. Views, forms, the admin and commands call these.

- council.py: the council, year-end evaluations, the secret vote, the posting;
- nominations.py: rounds from the campaign's schedule, nominations and their evidence;
- proposals.py: proposals (tờ trình) sent up the tree and reviewed there;
- decisions.py: decisions and their awardees;
- certificates.py: certificates made in the background.
"""
