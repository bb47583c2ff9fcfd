# theme.gp - the one look of every dejure chart; each chart script loads it
# (after size.gp, which sets width, height and formats).
#
# Palette: Okabe & Ito's colour-blind safe colours, paired with distinct
# dash patterns and point shapes, and picked so that their lightness
# differs (dark blue, mid vermillion, light grey), so that the charts stay
# readable in black and white print too.
set encoding utf8
set termoption noenhanced
set border 3 lw 1 lc rgb '#555555'
set tics nomirror out scale 0.6 textcolor rgb '#333333'
set grid back lw 1 lc rgb '#e8e8e8' dt solid
set key noautotitle top left nobox textcolor rgb '#222222' samplen 2.5 spacing 1.2
set datafile separator comma
set datafile missing ''
set style fill solid 0.9 noborder

set linetype 1 lc rgb '#0072B2' lw 3 dt solid  pt 7 ps 1.0
set linetype 2 lc rgb '#E69F00' lw 3 dt (8,4)  pt 5 ps 1.0
set linetype 3 lc rgb '#009E73' lw 3 dt (2,3)  pt 9 ps 1.1
set linetype 4 lc rgb '#CC79A7' lw 3 dt (10,3,2,3) pt 13 ps 1.1
set linetype 5 lc rgb '#D55E00' lw 3 dt (4,4)  pt 11 ps 1.0
set linetype 6 lc rgb '#56B4E9' lw 3 dt solid  pt 6 ps 1.0
set linetype 7 lc rgb '#F0E442' lw 3 dt (6,2)  pt 4 ps 1.0
set linetype 8 lc rgb '#000000' lw 3 dt (1,2)  pt 1 ps 1.0
set linetype cycle 8

# colours by meaning, for bars and maps
c_recognise = '#0072B2'
c_withdrawn = '#D55E00'
c_frozen    = '#CC79A7'
c_not       = '#C8C8C8'
c_subject   = '#E69F00'
c_nodata    = '#F0F0F0'
c_text      = '#222222'
c_muted     = '#6B6B6B'
c_annot     = '#8A8A8A'

if (!exists('outprefix')) outprefix = ''
if (!exists('width')) width = 1600
if (!exists('height')) height = 900
if (!exists('formats')) formats = 'png'
if (!exists('font_scale')) font_scale = 1

# fonts: the terminal's, and the sizes used for titles, labels, notes, in
# points at 1600x900, scaled with the chart (size.gp's font_scale)
fs_(pt) = sprintf(',%.1f', pt * font_scale)
term_font  = sprintf('DejaVu Sans,%.1f', 14 * font_scale)
f_title    = fs_(19)
f_name     = fs_(15)
f_panel    = fs_(14)
f_value    = fs_(13)
f_label    = fs_(12)
f_note     = fs_(11)
