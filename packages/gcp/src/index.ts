// This adapter is not implemented yet; see the package README. It exports nothing rather than
// something that pretends to work.
export {};
