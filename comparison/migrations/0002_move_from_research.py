"""The identified-access grants move from ``research`` to ``comparison``, keeping every row.

Tables and constraints take the ``comparison`` names, and the content types are relabelled in
place, so permissions (and whoever holds them), the admin's log and the audit log keep
pointing at the same records. Reversible.
"""

from django.conf import settings
from django.db import migrations, models

from peerwork.lib.contenttypes import DEPENDENCIES, moved_content_types

MOVED = moved_content_types("research", "comparison", ['identifiedaccessgrant'])


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0001_initial'),
        ('comparison', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        *DEPENDENCIES,
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='identifiedaccessgrant',
            name='research_identifiedaccess_one_active',
        ),
        migrations.RemoveConstraint(
            model_name='identifiedaccessgrant',
            name='research_identifiedaccess_revoked_after_granted',
        ),
        migrations.AddConstraint(
            model_name='identifiedaccessgrant',
            constraint=models.UniqueConstraint(condition=models.Q(('revoked__isnull', True)), fields=('researcher', 'initiative'), name='comparison_identifiedaccess_one_active'),
        ),
        migrations.AddConstraint(
            model_name='identifiedaccessgrant',
            constraint=models.CheckConstraint(condition=models.Q(('revoked__isnull', True), ('revoked__gte', models.F('granted')), _connector='OR'), name='comparison_identifiedaccess_revoked_after_granted'),
        ),
        migrations.AlterModelTable(
            name='identifiedaccessgrant',
            table=None,
        ),
        migrations.RunPython(*MOVED),
    ]
