"""Create the harness's admin user and API tokens in a freshly migrated NetBox database.

Runs inside the NetBox root with the NetBox venv's Python. Values come from the environment
(PEERS_ADMIN_USER, PEERS_ADMIN_PASSWORD, PEERS_NETBOX_V2_KEY, PEERS_NETBOX_V2_SECRET,
PEERS_NETBOX_V1_TOKEN) so the tokens are known before the database exists and survive the
template database (peers:reset keeps them).
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netbox.settings")

import django  # noqa: E402

django.setup()

from users.models import Token, User  # noqa: E402

username = os.environ["PEERS_ADMIN_USER"]
password = os.environ["PEERS_ADMIN_PASSWORD"]

user = User.objects.filter(username=username).first()
if user is None:
    user = User.objects.create_superuser(username, f"{username}@peers.invalid", password)
else:
    user.set_password(password)
    user.is_superuser = True
    user.is_active = True
    user.save()

Token.objects.filter(user=user).delete()

v2 = Token(
    user=user,
    version=2,
    key=os.environ["PEERS_NETBOX_V2_KEY"],
    token=os.environ["PEERS_NETBOX_V2_SECRET"],
    write_enabled=True,
    description="plumbline peers harness (v2)",
)
v2.full_clean()
v2.save()

v1 = Token(
    user=user,
    version=1,
    token=os.environ["PEERS_NETBOX_V1_TOKEN"],
    write_enabled=True,
    description="plumbline peers harness (v1)",
)
v1.full_clean()
v1.save()

print(f"netbox bootstrap: user {username}, tokens v2 (key {v2.key}) and v1 created")
