package entity

// knownTLD reports whether tld (any case) is a top-level domain that a bare
// domain may end with: common generic ones and every country code.
func knownTLD(tld string) bool {
	if len(tld) > 12 {
		return false
	}
	var buf [12]byte
	for i := 0; i < len(tld); i++ {
		buf[i] = lower(tld[i])
	}
	s := string(buf[:len(tld)])
	return genericTLD(s) || countryTLD(s)
}

// shortCCDomain reports whether a two-label bare domain under tld needs a
// path to become a link: country codes other than .co and .tv, so that file
// names like "readme.md" or "setup.sh" stay text.
func shortCCDomain(tld string) bool {
	if len(tld) != 2 {
		return false
	}
	s := string([]byte{lower(tld[0]), lower(tld[1])})
	return s != "co" && s != "tv" && countryTLD(s)
}

// genericTLD reports whether s is one of the generic TLDs Roost recognises
// without a scheme.
func genericTLD(s string) bool {
	switch s {
	case "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "name",
		"pro", "aero", "coop", "museum", "mobi", "asia", "tel", "travel", "jobs",
		"cat", "app", "dev", "blog", "shop", "store", "online", "site", "tech",
		"xyz", "club", "live", "news", "cloud", "page", "art", "design", "social",
		"wiki", "one", "top", "icu", "vip", "work", "world", "today", "space",
		"website", "fun", "life", "link", "media", "network", "studio", "agency",
		"digital", "email", "solutions", "systems", "technology", "academy",
		"events", "team", "zone", "photo", "photography", "games", "moe", "ninja",
		"rocks", "church", "global", "lol", "town", "party", "cafe", "city",
		"community", "group", "host", "press", "science", "software", "video",
		"xxx", "gay", "porn", "love", "band", "chat", "codes", "tools", "run":
		return true
	}
	return false
}

// countryTLD reports whether s is a two-letter country-code TLD.
func countryTLD(s string) bool {
	switch s {
	case "ac", "ad", "ae", "af", "ag", "ai", "al", "am", "ao", "aq", "ar", "as", "at", "au", "aw", "ax", "az",
		"ba", "bb", "bd", "be", "bf", "bg", "bh", "bi", "bj", "bm", "bn", "bo", "br", "bs", "bt", "bw", "by", "bz",
		"ca", "cc", "cd", "cf", "cg", "ch", "ci", "ck", "cl", "cm", "cn", "co", "cr", "cu", "cv", "cw", "cx", "cy", "cz",
		"de", "dj", "dk", "dm", "do", "dz", "ec", "ee", "eg", "er", "es", "et", "eu",
		"fi", "fj", "fk", "fm", "fo", "fr", "ga", "gd", "ge", "gf", "gg", "gh", "gi", "gl", "gm", "gn", "gp", "gq",
		"gr", "gs", "gt", "gu", "gw", "gy", "hk", "hm", "hn", "hr", "ht", "hu",
		"id", "ie", "il", "im", "in", "io", "iq", "ir", "is", "it", "je", "jm", "jo", "jp",
		"ke", "kg", "kh", "ki", "km", "kn", "kp", "kr", "kw", "ky", "kz",
		"la", "lb", "lc", "li", "lk", "lr", "ls", "lt", "lu", "lv", "ly",
		"ma", "mc", "md", "me", "mg", "mh", "mk", "ml", "mm", "mn", "mo", "mp", "mq", "mr", "ms", "mt", "mu", "mv",
		"mw", "mx", "my", "mz", "na", "nc", "ne", "nf", "ng", "ni", "nl", "no", "np", "nr", "nu", "nz", "om",
		"pa", "pe", "pf", "pg", "ph", "pk", "pl", "pm", "pn", "pr", "ps", "pt", "pw", "py", "qa",
		"re", "ro", "rs", "ru", "rw", "sa", "sb", "sc", "sd", "se", "sg", "sh", "si", "sk", "sl", "sm", "sn", "so",
		"sr", "ss", "st", "su", "sv", "sx", "sy", "sz", "tc", "td", "tf", "tg", "th", "tj", "tk", "tl", "tm", "tn",
		"to", "tr", "tt", "tv", "tw", "tz", "ua", "ug", "uk", "us", "uy", "uz", "va", "vc", "ve", "vg", "vi", "vn",
		"vu", "wf", "ws", "ye", "yt", "za", "zm", "zw":
		return true
	}
	return false
}
