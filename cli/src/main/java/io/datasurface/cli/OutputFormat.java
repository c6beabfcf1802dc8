package io.datasurface.cli;

/** How problems are printed: for people, for programs, or as GitHub Actions annotations. */
enum OutputFormat {
    text,
    json,
    github
}
