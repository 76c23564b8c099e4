-- about: a script of comments only: nothing sent, nothing printed
-- just a comment
/* a block comment
   over /* nested */ lines */

   -- indented comment
