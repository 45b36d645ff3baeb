"""Writers of the sample town's files: one module per dataset, each returning its resources."""
