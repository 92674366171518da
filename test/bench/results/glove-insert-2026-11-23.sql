\set src random(2, 199999)
INSERT INTO glove (id, v) SELECT nextval('ins_seq'), (SELECT v FROM glove WHERE id = :src) + (SELECT v FROM glove WHERE id = :src - 1 OR id = :src + 1 LIMIT 1);
