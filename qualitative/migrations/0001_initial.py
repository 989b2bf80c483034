"""The qualitative corpus, as it was created in the former ``research`` app.

This migration *replaces* ``research.0002_qualitative``: on a database where that migration
was applied, Django marks this one applied without running it (the ``research_*`` tables
already exist); on a new database it creates the same tables. 0002 then gives the tables and
constraints the ``qualitative`` names and moves the content types (so permissions and the
audit history stay attached). Keep ``replaces`` until every deployment has migrated past
0002: the ``research`` rows in ``django_migrations`` are what tells Django this is applied.
"""

import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [('research', '0002_qualitative')]

    dependencies = [
        ('cases', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ResearchProject',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('receives_supervision_offers', models.BooleanField(default=False, help_text='Excerpts peer workers offer from their supervision records arrive here.', verbose_name='receives supervision excerpts')),
                ('created', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'db_table': 'research_researchproject',
                'ordering': ['name'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('receives_supervision_offers', True)), fields=('receives_supervision_offers',), name='research_researchproject_one_offer_target')],
            },
        ),
        migrations.CreateModel(
            name='Source',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('kind', models.CharField(choices=[('transcript', 'Interview transcript'), ('field_notes', 'Field notes'), ('document', 'Document'), ('supervision', 'Supervision record excerpt')], default='transcript', max_length=20, verbose_name='kind')),
                ('interviewee_group', models.CharField(choices=[('peer_worker', 'Peer worker'), ('service_user', 'Service user'), ('colleague', 'Colleague'), ('manager', 'Manager'), ('strategic', 'Strategic manager / commissioner'), ('supervision_record', 'Peer worker (supervision record)')], max_length=30, verbose_name='interviewee group')),
                ('interviewed_on', models.DateField(blank=True, null=True, verbose_name='date')),
                ('wave', models.PositiveSmallIntegerField(blank=True, help_text='Data collection wave, e.g. 1 or 2.', null=True, verbose_name='wave')),
                ('text', models.TextField(verbose_name='text (pseudonymised)')),
                ('created', models.DateTimeField(default=django.utils.timezone.now)),
                ('added_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('initiative', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='research_sources', to='cases.initiative', verbose_name='initiative')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sources', to='qualitative.researchproject')),
            ],
            options={
                'db_table': 'research_source',
                'ordering': ['initiative__research_code', 'title'],
            },
        ),
        migrations.CreateModel(
            name='Excerpt',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('start', models.PositiveIntegerField(verbose_name='start')),
                ('end', models.PositiveIntegerField(verbose_name='end')),
                ('created', models.DateTimeField(default=django.utils.timezone.now)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='excerpts', to='qualitative.source')),
            ],
            options={
                'db_table': 'research_excerpt',
                'ordering': ['source', 'start', 'end'],
            },
        ),
        migrations.CreateModel(
            name='SupervisionOffer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('session_public_id', models.UUIDField(verbose_name='supervision session')),
                ('session_date', models.DateField(blank=True, null=True, verbose_name='session date')),
                ('offered', models.DateTimeField(default=django.utils.timezone.now, verbose_name='offered')),
                ('withdrawn', models.DateTimeField(blank=True, null=True, verbose_name='withdrawn')),
                ('offered_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('peer_worker', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='research_offers', to='cases.peerworker')),
                ('source', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='supervision_offer', to='qualitative.source')),
            ],
            options={
                'db_table': 'research_supervisionoffer',
                'ordering': ['-offered'],
            },
        ),
        migrations.CreateModel(
            name='Theme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('name', models.CharField(max_length=120, verbose_name='name')),
                ('slug', models.SlugField(blank=True, help_text='Set for seeded themes so seeding is idempotent.', max_length=60)),
                ('definition', models.TextField(blank=True, verbose_name='definition')),
                ('memo', models.TextField(blank=True, help_text='Analytic notes on this theme.', verbose_name='memo')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('path', models.CharField(db_index=True, editable=False, max_length=400)),
                ('depth', models.PositiveSmallIntegerField(default=0, editable=False)),
                ('created', models.DateTimeField(default=django.utils.timezone.now)),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='qualitative.theme', verbose_name='parent theme')),
            ],
            options={
                'db_table': 'research_theme',
                'ordering': ['path'],
            },
        ),
        migrations.CreateModel(
            name='Coding',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('memo', models.TextField(blank=True, verbose_name='memo')),
                ('created', models.DateTimeField(default=django.utils.timezone.now)),
                ('coder', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='research_codings', to=settings.AUTH_USER_MODEL)),
                ('excerpt', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='codings', to='qualitative.excerpt')),
                ('theme', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='codings', to='qualitative.theme')),
            ],
            options={
                'db_table': 'research_coding',
                'ordering': ['excerpt', 'theme__path'],
            },
        ),
        migrations.CreateModel(
            name='CellSummary',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(blank=True, verbose_name='summary')),
                ('updated', models.DateTimeField(default=django.utils.timezone.now)),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('initiative', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='research_cell_summaries', to='cases.initiative')),
                ('updated_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('theme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='cell_summaries', to='qualitative.theme')),
            ],
            options={
                'db_table': 'research_cellsummary',
                'ordering': ['initiative__research_code', 'theme__path'],
            },
        ),
        migrations.CreateModel(
            name='Replacement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('term', models.CharField(help_text='Matched as a whole word, ignoring case.', max_length=120, verbose_name='name or place')),
                ('replacement', models.CharField(help_text='For example [peer worker 1] or [town].', max_length=120, verbose_name='replace with')),
                ('created', models.DateTimeField(default=django.utils.timezone.now)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='replacements', to='qualitative.researchproject')),
            ],
            options={
                'db_table': 'research_replacement',
                'ordering': ['project', 'term'],
                'constraints': [models.UniqueConstraint(django.db.models.functions.text.Lower('term'), models.F('project'), name='research_replacement_unique_term'), models.CheckConstraint(condition=models.Q(('term__gt', '')), name='research_replacement_term_set')],
            },
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.CheckConstraint(condition=models.Q(('interviewee_group__in', ['peer_worker', 'service_user', 'colleague', 'manager', 'strategic', 'supervision_record'])), name='research_source_group_valid'),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['transcript', 'field_notes', 'document', 'supervision'])), name='research_source_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.CheckConstraint(condition=models.Q(('wave__isnull', True), ('wave__gte', 1), _connector='OR'), name='research_source_wave_positive'),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.CheckConstraint(condition=models.Q(('text__gt', '')), name='research_source_text_set'),
        ),
        migrations.AddConstraint(
            model_name='excerpt',
            constraint=models.UniqueConstraint(fields=('source', 'start', 'end'), name='research_excerpt_unique_span'),
        ),
        migrations.AddConstraint(
            model_name='excerpt',
            constraint=models.CheckConstraint(condition=models.Q(('end__gt', models.F('start'))), name='research_excerpt_span'),
        ),
        migrations.AddConstraint(
            model_name='supervisionoffer',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('source__isnull', False), ('withdrawn__isnull', True)), models.Q(('source__isnull', True), ('withdrawn__isnull', False)), _connector='OR'), name='research_supervisionoffer_withdrawn_xor_source'),
        ),
        migrations.AddConstraint(
            model_name='supervisionoffer',
            constraint=models.CheckConstraint(condition=models.Q(('withdrawn__isnull', True), ('withdrawn__gte', models.F('offered')), _connector='OR'), name='research_supervisionoffer_withdrawn_after_offered'),
        ),
        migrations.AddConstraint(
            model_name='theme',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('name'), models.F('parent'), name='research_theme_unique_name_in_parent'),
        ),
        migrations.AddConstraint(
            model_name='theme',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('name'), condition=models.Q(('parent__isnull', True)), name='research_theme_unique_root_name'),
        ),
        migrations.AddConstraint(
            model_name='theme',
            constraint=models.UniqueConstraint(condition=models.Q(('slug', ''), _negated=True), fields=('slug',), name='research_theme_unique_slug'),
        ),
        migrations.AddConstraint(
            model_name='theme',
            constraint=models.CheckConstraint(condition=models.Q(('parent', models.F('pk')), _negated=True), name='research_theme_not_own_parent'),
        ),
        migrations.AddConstraint(
            model_name='coding',
            constraint=models.UniqueConstraint(fields=('excerpt', 'theme'), name='research_coding_unique_theme'),
        ),
        migrations.AddConstraint(
            model_name='cellsummary',
            constraint=models.UniqueConstraint(fields=('initiative', 'theme'), name='research_cellsummary_unique_cell'),
        ),
    ]
