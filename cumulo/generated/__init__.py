"""Wire types generated from botocore's models (see cumulo.codegen): do not edit."""
