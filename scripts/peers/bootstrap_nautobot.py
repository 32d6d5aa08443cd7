"""Create the harness's admin user and API token in a freshly migrated Nautobot database.

Runs with the Nautobot venv's Python; NAUTOBOT_CONFIG points at the instance configuration.
Values come from the environment (PEERS_ADMIN_USER, PEERS_ADMIN_PASSWORD,
PEERS_NAUTOBOT_TOKEN) so the token is known before the database exists and survives the
template database (peers:reset keeps it).
"""

import os

import nautobot

nautobot.setup(os.environ["NAUTOBOT_CONFIG"])

from django.contrib.auth import get_user_model  # noqa: E402

from nautobot.users.models import Token  # noqa: E402

User = get_user_model()
username = os.environ["PEERS_ADMIN_USER"]
password = os.environ["PEERS_ADMIN_PASSWORD"]

user = User.objects.filter(username=username).first()
if user is None:
    user = User.objects.create_superuser(username, f"{username}@peers.invalid", password)
else:
    user.set_password(password)
    user.is_superuser = True
    user.is_staff = True
    user.is_active = True
    user.save()

Token.objects.filter(user=user).delete()
Token.objects.create(
    user=user,
    key=os.environ["PEERS_NAUTOBOT_TOKEN"],
    write_enabled=True,
    description="plumbline peers harness",
)

print(f"nautobot bootstrap: user {username} and token created")
