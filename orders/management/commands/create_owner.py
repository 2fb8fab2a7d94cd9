import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.contrib.auth.models import Group

from orders.roles import OWNER, ensure_roles


class Command(BaseCommand):
    help = "Create (or update) the shop owner's account: a superuser in the Pemilik group."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("OWNER_USERNAME", "pemilik"))
        parser.add_argument(
            "--password",
            default=os.environ.get("OWNER_PASSWORD"),
            help="Defaults to $OWNER_PASSWORD; asked for when neither is given.",
        )
        parser.add_argument("--email", default=os.environ.get("OWNER_EMAIL", ""))

    def handle(self, *args, username, password, email, **options):
        if not password:
            from getpass import getpass

            password = getpass("Password for %s: " % username)
            if not password:
                raise CommandError("A password is needed.")
        ensure_roles()
        user, created = get_user_model().objects.get_or_create(username=username, defaults={"email": email})
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=OWNER))
        self.stdout.write(self.style.SUCCESS(("Created" if created else "Updated") + f" owner account '{username}'."))
