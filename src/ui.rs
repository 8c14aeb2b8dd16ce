//! The page: thin Yew components over the analysis core.
