/* empty.c — keeps the test-helper library non-empty before any helper exists. */
typedef int ls_test_helpers_empty;
