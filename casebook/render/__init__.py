"""Stage 4, render: what turns the chapters into a site and its take-aways (the Sphinx extension,
the bibliography, citation blocks, download files, the zip and SQLite copies of the data)."""
