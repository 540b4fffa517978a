"""Stage 3, views: what a chapter shows (tables with evidence markers, figures, findings) built
from the typed tables and the derived units."""
