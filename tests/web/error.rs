//! Component tests of the Error tab.
