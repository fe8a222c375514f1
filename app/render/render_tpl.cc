// The one C++ file: an extern "C" face over ctemplate. Nothing here knows
// about requests or tenants beyond the template search path.
#include <cstdarg>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>

extern "C" {
#include "render.h"
}

using ctemplate::TemplateCache;
using ctemplate::TemplateDictionary;

namespace {
std::string root_dir;
std::map<std::string, TemplateCache *> caches;

TemplateCache *
cache_for(const char *slug)
{
	std::string key = slug ? slug : "";
	auto it = caches.find(key);

	if (it != caches.end())
		return it->second;
	TemplateCache *c = new TemplateCache();
	if (!key.empty()) {
		c->SetTemplateRootDirectory(root_dir + "/tenants/" + key + "/templates");
		c->AddAlternateTemplateRootDirectory(root_dir + "/templates");
	} else
		c->SetTemplateRootDirectory(root_dir + "/templates");
	caches[key] = c;
	return c;
}

void
delete_dict(void *p)
{
	delete static_cast<TemplateDictionary *>(p);
}

inline TemplateDictionary *
D(render_dict *d)
{
	return reinterpret_cast<TemplateDictionary *>(d);
}

/*
 * Variable and section names, interned once per process. A plain C string
 * makes ctemplate hash the name and check it against its global id-to-name
 * map under a lock on every SetValue; a name that carries its id (the
 * StaticTemplateString route of make_tpl_varnames_h) skips both. The set of
 * names is the templates' own, so the table stays small.
 */
std::unordered_map<std::string_view, ctemplate::StaticTemplateString *> names;

ctemplate::TemplateString
K(const char *name)
{
	std::string_view v(name);
	auto it = names.find(v);

	if (it == names.end()) {
		char *copy = new char[v.size() + 1];

		v.copy(copy, v.size());
		copy[v.size()] = '\0';
		auto *s = new ctemplate::StaticTemplateString{ { copy, v.size(), 0 } };
		ctemplate::StaticTemplateStringInitializer init(s);
		it = names.emplace(std::string_view(copy, v.size()), s).first;
	}
	return ctemplate::TemplateString(*it->second);
}
} // namespace

extern "C" int
render_init(const char *root)
{
	root_dir = root;
	for (auto &kv : caches)
		delete kv.second;
	caches.clear();
	return 0;
}

extern "C" render_dict *
render_dict_new(struct arena *a)
{
	TemplateDictionary *d = new TemplateDictionary("page");

	if (arena_cleanup(a, delete_dict, d) != 0)
		return nullptr;
	return reinterpret_cast<render_dict *>(d);
}

extern "C" void
render_set(render_dict *d, const char *key, const char *value)
{
	D(d)->SetValue(K(key), value ? value : "");
}

extern "C" void
render_setf(render_dict *d, const char *key, const char *fmt, ...)
{
	char small[256];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		D(d)->SetValue(K(key), small);
		return;
	}
	std::string big((size_t)n + 1, '\0');
	va_start(ap, fmt);
	vsnprintf(&big[0], big.size(), fmt, ap);
	va_end(ap);
	big.resize((size_t)n);
	D(d)->SetValue(K(key), big);
}

extern "C" void
render_set_int(render_dict *d, const char *key, long long v)
{
	D(d)->SetIntValue(K(key), v);
}

extern "C" render_dict *
render_section(render_dict *d, const char *name)
{
	return reinterpret_cast<render_dict *>(D(d)->AddSectionDictionary(K(name)));
}

extern "C" void
render_show(render_dict *d, const char *name)
{
	D(d)->ShowSection(K(name));
}

extern "C" render_dict *
render_include(render_dict *d, const char *name, const char *file)
{
	TemplateDictionary *sub = D(d)->AddIncludeDictionary(K(name));

	sub->SetFilename(file);
	return reinterpret_cast<render_dict *>(sub);
}

extern "C" int
render_expand(const char *slug, const char *file, render_dict *d, struct buf *out)
{
	std::string s;

	if (!cache_for(slug)->ExpandWithData(file, ctemplate::STRIP_BLANK_LINES, D(d), nullptr, &s))
		return -1;
	return buf_append(out, s.data(), s.size());
}
