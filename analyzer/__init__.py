"""Role-balance analysis, report rendering and the command line."""
