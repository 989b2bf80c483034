"""The qualitative corpus move from ``research`` to ``qualitative``, keeping every row.

Tables and constraints take the ``qualitative`` names, and the content types are relabelled in
place, so permissions (and whoever holds them), the admin's log and the audit log keep
pointing at the same records. Reversible.
"""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

from peerwork.lib.contenttypes import DEPENDENCIES, moved_content_types

MOVED = moved_content_types("research", "qualitative", ['researchproject', 'replacement', 'source', 'theme', 'excerpt', 'coding', 'cellsummary', 'supervisionoffer'])


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0001_initial'),
        ('qualitative', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        *DEPENDENCIES,
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='cellsummary',
            name='research_cellsummary_unique_cell',
        ),
        migrations.RemoveConstraint(
            model_name='coding',
            name='research_coding_unique_theme',
        ),
        migrations.RemoveConstraint(
            model_name='excerpt',
            name='research_excerpt_unique_span',
        ),
        migrations.RemoveConstraint(
            model_name='excerpt',
            name='research_excerpt_span',
        ),
        migrations.RemoveConstraint(
            model_name='replacement',
            name='research_replacement_unique_term',
        ),
        migrations.RemoveConstraint(
            model_name='replacement',
            name='research_replacement_term_set',
        ),
        migrations.RemoveConstraint(
            model_name='researchproject',
            name='research_researchproject_one_offer_target',
        ),
        migrations.RemoveConstraint(
            model_name='source',
            name='research_source_group_valid',
        ),
        migrations.RemoveConstraint(
            model_name='source',
            name='research_source_kind_valid',
        ),
        migrations.RemoveConstraint(
            model_name='source',
            name='research_source_wave_positive',
        ),
        migrations.RemoveConstraint(
            model_name='source',
            name='research_source_text_set',
        ),
        migrations.RemoveConstraint(
            model_name='supervisionoffer',
            name='research_supervisionoffer_withdrawn_xor_source',
        ),
        migrations.RemoveConstraint(
            model_name='supervisionoffer',
            name='research_supervisionoffer_withdrawn_after_offered',
        ),
        migrations.RemoveConstraint(
            model_name='theme',
            name='research_theme_unique_name_in_parent',
        ),
        migrations.RemoveConstraint(
            model_name='theme',
            name='research_theme_unique_root_name',
        ),
        migrations.RemoveConstraint(
            model_name='theme',
            name='research_theme_unique_slug',
        ),
        migrations.RemoveConstraint(
            model_name='theme',
            name='research_theme_not_own_parent',
        ),
        migrations.AddConstraint(
            model_name='cellsummary',
            constraint=models.UniqueConstraint(fields=('initiative', 'theme'), name='qualitative_cellsummary_unique_cell'),
        ),
        migrations.AddConstraint(
            model_name='coding',
            constraint=models.UniqueConstraint(fields=('excerpt', 'theme'), name='qualitative_coding_unique_theme'),
        ),
        migrations.AddConstraint(
            model_name='excerpt',
            constraint=models.UniqueConstraint(fields=('source', 'start', 'end'), name='qualitative_excerpt_unique_span'),
        ),
        migrations.AddConstraint(
            model_name='excerpt',
            constraint=models.CheckConstraint(condition=models.Q(('end__gt', models.F('start'))), name='qualitative_excerpt_span'),
        ),
        migrations.AddConstraint(
            model_name='replacement',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('term'), models.F('project'), name='qualitative_replacement_unique_term'),
        ),
        migrations.AddConstraint(
            model_name='replacement',
            constraint=models.CheckConstraint(condition=models.Q(('term__gt', '')), name='qualitative_replacement_term_set'),
        ),
        migrations.AddConstraint(
            model_name='researchproject',
            constraint=models.UniqueConstraint(condition=models.Q(('receives_supervision_offers', True)), fields=('receives_supervision_offers',), name='qualitative_researchproject_one_offer_target'),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.CheckConstraint(condition=models.Q(('interviewee_group__in', ['peer_worker', 'service_user', 'colleague', 'manager', 'strategic', 'supervision_record'])), name='qualitative_source_group_valid'),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['transcript', 'field_notes', 'document', 'supervision'])), name='qualitative_source_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.CheckConstraint(condition=models.Q(('wave__isnull', True), ('wave__gte', 1), _connector='OR'), name='qualitative_source_wave_positive'),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.CheckConstraint(condition=models.Q(('text__gt', '')), name='qualitative_source_text_set'),
        ),
        migrations.AddConstraint(
            model_name='supervisionoffer',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('source__isnull', False), ('withdrawn__isnull', True)), models.Q(('source__isnull', True), ('withdrawn__isnull', False)), _connector='OR'), name='qualitative_supervisionoffer_withdrawn_xor_source'),
        ),
        migrations.AddConstraint(
            model_name='supervisionoffer',
            constraint=models.CheckConstraint(condition=models.Q(('withdrawn__isnull', True), ('withdrawn__gte', models.F('offered')), _connector='OR'), name='qualitative_supervisionoffer_withdrawn_after_offered'),
        ),
        migrations.AddConstraint(
            model_name='theme',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('name'), models.F('parent'), name='qualitative_theme_unique_name_in_parent'),
        ),
        migrations.AddConstraint(
            model_name='theme',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('name'), condition=models.Q(('parent__isnull', True)), name='qualitative_theme_unique_root_name'),
        ),
        migrations.AddConstraint(
            model_name='theme',
            constraint=models.UniqueConstraint(condition=models.Q(('slug', ''), _negated=True), fields=('slug',), name='qualitative_theme_unique_slug'),
        ),
        migrations.AddConstraint(
            model_name='theme',
            constraint=models.CheckConstraint(condition=models.Q(('parent', models.F('pk')), _negated=True), name='qualitative_theme_not_own_parent'),
        ),
        migrations.AlterModelTable(
            name='cellsummary',
            table=None,
        ),
        migrations.AlterModelTable(
            name='coding',
            table=None,
        ),
        migrations.AlterModelTable(
            name='excerpt',
            table=None,
        ),
        migrations.AlterModelTable(
            name='replacement',
            table=None,
        ),
        migrations.AlterModelTable(
            name='researchproject',
            table=None,
        ),
        migrations.AlterModelTable(
            name='source',
            table=None,
        ),
        migrations.AlterModelTable(
            name='supervisionoffer',
            table=None,
        ),
        migrations.AlterModelTable(
            name='theme',
            table=None,
        ),
        migrations.RunPython(*MOVED),
    ]
