"""What every domain uses: settings, clock, DynamoDB access and keys, the HTTP layer and its
error mapping, cursors, signing, languages, observability. Imports no domain."""
