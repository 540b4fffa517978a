"""Tools for maintaining the book, outside the library the chapters import: the build with its
execution cache, the case-chapter template, the benchmark, synthetic data and the PDF printer."""
