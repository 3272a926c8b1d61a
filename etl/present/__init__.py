"""How Sorot's results look, for the CLI and the dashboard alike: formats, strings, charts, files, the briefing. No Streamlit."""
