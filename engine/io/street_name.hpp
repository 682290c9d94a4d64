// A street name from the text of a registration: the street, without house number, addition or
// free text, so that one address cannot become a straat of its own.
//
// Registrations carry what a person typed: "Dorpsstraat 12 (bij fam. Jansen)", "Westerhaven 71",
// "Kerkstraat t.o. 14". The name is cut before the first word that starts with a digit (a house
// number; a leading number such as "16 Aprillaan" or "2e Drift" is part of the name), before
// text in brackets and before words that start free text (bij, nabij, t.o., tegenover, thv,
// ter hoogte van, hoek, ",", ";", "/"); spaces are collapsed. Keys compare without case
// (street_key), so "KERKSTRAAT" and "Kerkstraat" are one straat.
//
//   normalise_street("Dorpsstraat 12 (bij fam. Jansen)") == "Dorpsstraat"
//   street_key("Van Goghpad") == "van goghpad"
#pragma once

#include <string>
#include <string_view>

namespace brandpunt::io {

std::string normalise_street(std::string_view text);  // "" when nothing of a name is left
std::string street_key(std::string_view name);        // ASCII letters lower-cased

}  // namespace brandpunt::io
