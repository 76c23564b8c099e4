-- about: \endif without \if, \else twice, and an \if left open at end of file
\endif
\if true
\else
\else
\endif
\if true
  \echo inside open if
