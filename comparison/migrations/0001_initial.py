"""Identified-access grants, as they were created in the former ``research`` app.

This migration *replaces* ``research.0001_initial``: on a database where that migration was
applied, Django marks this one applied without running it (the table ``research_*`` already
exists); on a new database it creates the same table. 0002 then gives the table and its
constraints the ``comparison`` names and moves the content type (so permissions and the audit
history stay attached). Keep ``replaces`` until every deployment has migrated past 0002: the
``research`` rows in ``django_migrations`` are what tells Django this migration is applied.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [('research', '0001_initial')]

    dependencies = [
        ('cases', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='IdentifiedAccessGrant',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.TextField(help_text='Why this researcher needs real names.', verbose_name='reason')),
                ('granted', models.DateTimeField(default=django.utils.timezone.now)),
                ('revoked', models.DateTimeField(blank=True, null=True)),
                ('granted_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('initiative', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='identified_access_grants', to='cases.initiative')),
                ('researcher', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='identified_access_grants', to=settings.AUTH_USER_MODEL)),
                ('revoked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'research_identifiedaccessgrant',
                'ordering': ['-granted'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('revoked__isnull', True)), fields=('researcher', 'initiative'), name='research_identifiedaccess_one_active'), models.CheckConstraint(condition=models.Q(('revoked__isnull', True), ('revoked__gte', models.F('granted')), _connector='OR'), name='research_identifiedaccess_revoked_after_granted')],
            },
        ),
    ]
