"""Project settings: paths, the training cycle, code lists and their order.

The one place for values that more than one module needs. The warehouse path comes
from the environment variable ``WAREHOUSE_PATH`` so the ETL, the app and the tests
all agree on which DuckDB file they mean.
"""
from __future__ import annotations

import os
from pathlib import Path

from warehouse.codebook import codes

ROOT = Path(__file__).resolve().parent
DEFAULT_WAREHOUSE = ROOT / "warehouse" / "teacher_training.duckdb"
SQL_DIR = ROOT / "warehouse" / "sql"
ALIASES_FILE = ROOT / "etl" / "aliases.toml"
DEMO_DIR = ROOT / "data" / "demo"

# Five-year continuing-education cycle (中小学教师继续教育规定): 360 hours. The build passes
# these to the cycle model (warehouse.aggregates writes them to the cycle_parameter table).
CYCLE_START = int(os.environ.get("CYCLE_START", "2021"))
CYCLE_YEARS = 5
CYCLE_HOURS = 360

# The credit rule set (学分规则) the ledger uses: a preset in credits/presets/ (national,
# beijing, shanghai, zhejiang) or the path of the bureau's own TOML file.
CREDIT_RULES = os.environ.get("CREDIT_RULES", "national")
# The county's own floor for training spend as a share of public funds (the inspection asks >= 5%;
# the seed county sets 10%). Official statistics page and forms.
FUNDS_STANDARD = float(os.environ.get("FUNDS_STANDARD", "0.10"))

# Codes in the warehouse, in display order: read from the one codebook (warehouse/codebook.csv),
# which also holds their labels, colours and weights.
TRAIN_TIERS = codes("train_tier")
DEV_TIERS = codes("dev_tier")
AWARD_LEVELS = codes("award_level")
STAGES = codes("stage")
URBAN_RURAL = codes("urban_rural")
RESULTS = codes("result")
RATINGS = codes("rating")
FORMS = codes("form")


def warehouse_path() -> Path:
    """The DuckDB file the ETL writes and the app reads."""
    return Path(os.environ.get("WAREHOUSE_PATH", str(DEFAULT_WAREHOUSE)))


def secret_path(warehouse: Path) -> Path:
    """The keyed-hash secret lives beside its warehouse and never in the repo."""
    return warehouse.with_name(warehouse.name + ".secret")


def accounts_path(warehouse: Path | None = None) -> Path:
    """Local login accounts (access/): ``ACCOUNTS_PATH``, else beside the warehouse, never in the repo."""
    explicit = os.environ.get("ACCOUNTS_PATH")
    if explicit:
        return Path(explicit)
    warehouse = warehouse or warehouse_path()
    return warehouse.with_name(warehouse.name + ".accounts.json")
