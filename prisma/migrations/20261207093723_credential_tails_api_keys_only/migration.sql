-- Issue 14, item 15: only long API keys keep their last four characters beside the sealed blob (to tell two
-- keys apart). A password's tail is a real piece of a guessable secret: forget the ones stored so far.
UPDATE "credentials" SET "last4" = '' WHERE "kind" <> 'api_key' OR length("last4") <> 4;
