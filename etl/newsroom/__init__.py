"""The newsroom's rules as pure functions: cell parsers, header aliases, calendar names, the gazetteer. No I/O."""
