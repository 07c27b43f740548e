"""manufactures: a checked, queryable registry of France's « manufactures de proximité ».

The library's API, for scripts and notebooks::

    import manufactures as m

    registry, report = m.load_registry(m.find_registry())
    rural = m.select(registry.laureates, m.Filters(territory=("rural",)))
    stats = m.compute_stats(rural, registry.programme, registry.vocabulary)

Each name is imported when first used, so that `import manufactures` (and `manuf --help`) stay
cheap; loading a registry leaves the interpreter as it found it (no gc or process tricks).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from manufactures.version import __version__

if TYPE_CHECKING:
    from manufactures.analysis.announced import Announced, announced_for
    from manufactures.analysis.coverage import compute_coverage
    from manufactures.analysis.selection import Filters, arrange, find_record, select
    from manufactures.analysis.stats import compute_stats, funding_report, progress_report
    from manufactures.models import Laureate, ModulesFile, Programme
    from manufactures.registry import Registry, RegistryError, find_registry, load_registry
    from manufactures.validation.diagnostics import Diagnostic, Severity, ValidationReport

__all__ = [
    "Announced",
    "Diagnostic",
    "Filters",
    "Laureate",
    "ModulesFile",
    "Programme",
    "Registry",
    "RegistryError",
    "Severity",
    "ValidationReport",
    "__version__",
    "announced_for",
    "arrange",
    "compute_coverage",
    "compute_stats",
    "find_record",
    "find_registry",
    "funding_report",
    "load_registry",
    "progress_report",
    "select",
]

# Where each name of the API lives (imported on first use: see the module's docstring).
_HOMES = {
    "manufactures.analysis.announced": ("Announced", "announced_for"),
    "manufactures.analysis.coverage": ("compute_coverage",),
    "manufactures.analysis.selection": ("Filters", "arrange", "find_record", "select"),
    "manufactures.analysis.stats": ("compute_stats", "funding_report", "progress_report"),
    "manufactures.models": ("Laureate", "ModulesFile", "Programme"),
    "manufactures.registry": ("Registry", "RegistryError", "find_registry", "load_registry"),
    "manufactures.validation.diagnostics": ("Diagnostic", "Severity", "ValidationReport"),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    """The API name `name`, imported from its home the first time it is asked for."""
    if name not in _HOME_OF:
        raise AttributeError(f"module 'manufactures' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOME_OF[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
