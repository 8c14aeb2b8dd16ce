//! Component tests of the Commands tab.
