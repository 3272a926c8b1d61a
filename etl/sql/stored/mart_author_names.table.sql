-- The author spellings article_details was computed with: a refresh rewrites the details of
-- an author's articles only when authors.name differs from the one kept here.
create table mart_author_names (
    author_id varchar not null,
    name      varchar not null
);
