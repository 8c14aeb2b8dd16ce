//! Quoting for OData literals, URLs, PowerShell and POSIX shell: no input may break out.
