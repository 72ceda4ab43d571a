-- Hand-written (kb.* is outside Prisma's schema): the page a chunk came from, for sources that crawl a site,
-- so an answer cites the exact page rather than the site's start address.
ALTER TABLE kb.chunks ADD COLUMN page_url text;
