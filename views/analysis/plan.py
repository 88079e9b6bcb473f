"""Placeholder until its queries land."""
import streamlit as st

from ui import widgets
from ui.i18n import text

widgets.title(text("p_plan"))
