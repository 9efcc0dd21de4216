{% autoescape off %}# Reads the tables of this Breakthrough export with the codebook's labels applied (base R only).
# Run it from the folder the export was unzipped into:  source("read_tables.R")
# Categorical variables become factors labelled as in codebook.csv; every variable gets its label as the
# "label" attribute (shown by RStudio's viewer); dates become Date.

read_table <- function(name) {
  read.csv(file.path("tables", paste0(name, ".csv")), stringsAsFactors = FALSE, na.strings = "",
           encoding = "UTF-8", check.names = FALSE)
}
codebook <- read.csv("codebook.csv", stringsAsFactors = FALSE, na.strings = "", encoding = "UTF-8")
label_variables <- function(d, table) {
  rows <- codebook[codebook$table == table, ]
  for (i in seq_len(nrow(rows))) {
    if (rows$variable[i] %in% names(d)) attr(d[[rows$variable[i]]], "label") <- rows$label[i]
  }
  d
}
tables <- list()
{% for t in tables %}
d <- read_table("{{ t.name }}")
{% for c in t.labelled %}if ("{{ c.name }}" %in% names(d)) d${{ c.name }} <- factor(d${{ c.name }}, levels = c({{ c.levels }}), labels = c({{ c.labels }}))
{% endfor %}{% for name in t.dates %}if ("{{ name }}" %in% names(d)) d${{ name }} <- as.Date(d${{ name }})
{% endfor %}tables${{ t.name }} <- label_variables(d, "{{ t.name }}")
{% endfor %}
rm(d)
{% endautoescape %}
