"""Case variables other apps add to the REFI-QDA project export (one case per initiative).

The qualitative corpus writes the export; apps above it (e.g. fidelity's domain scores) add
variables without the corpus importing them, from their ``AppConfig.ready()``::

    register_case_variables(fidelity_case_variables)

A provider takes the initiative ids of the export and returns the variables it defines —
``(key, name, REFI-QDA type)`` with type ``Text``, ``Float``, ``Integer`` or ``Date`` — and
``{initiative_id: {key: value}}`` (a case without a value leaves it out).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Variable = tuple[str, str, str]
Values = dict[int, dict[str, object]]
CaseVariableProvider = Callable[[Sequence[int]], tuple[list[Variable], Values]]

_providers: list[CaseVariableProvider] = []


def register_case_variables(provider: CaseVariableProvider) -> CaseVariableProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def case_variables(initiative_ids: Sequence[int]) -> tuple[list[Variable], Values]:
    """Every registered provider's variables and values for these initiatives."""
    variables: list[Variable] = []
    values: Values = {}
    for provider in _providers:
        defined, found = provider(initiative_ids)
        variables.extend(defined)
        for initiative_id, entries in found.items():
            values.setdefault(initiative_id, {}).update(entries)
    return variables, values
