int dj_report_stats_placeholder_(void); int dj_report_stats_placeholder_(void){return 0;}
