#include <deal.II/base/exceptions.h>
#include <deal.II/base/utilities.h>

#include <fluxion/physics/fields.h>

namespace Fluxion
{
  ComponentMask
  FieldDescription::mask(const unsigned int n_total) const
  {
    std::vector<bool> m(n_total, false);
    for (unsigned int c = 0; c < n_components; ++c)
      m[first_component + c] = true;
    return ComponentMask(m);
  }

  FieldDescriptions::FieldDescriptions(std::vector<FieldDescription> f)
    : fields(std::move(f))
  {
    unsigned int first = 0;
    for (auto &field : fields)
      {
        field.first_component = first;
        first += field.n_components;
      }
  }

  unsigned int
  FieldDescriptions::n_components() const
  {
    unsigned int n = 0;
    for (const auto &f : fields)
      n += f.n_components;
    return n;
  }

  bool
  FieldDescriptions::has(const std::string &name) const
  {
    for (const auto &f : fields)
      if (f.name == name)
        return true;
    return false;
  }

  unsigned int
  FieldDescriptions::index(const std::string &name,
                           const std::string &parameter) const
  {
    for (unsigned int i = 0; i < fields.size(); ++i)
      if (fields[i].name == name)
        return i;
    AssertThrow(false,
                ExcMessage("<" + parameter + "> names the field '" + name +
                           "', but the physics has the fields: " + names() +
                           "."));
    return 0;
  }

  std::string
  FieldDescriptions::names() const
  {
    std::string s;
    for (const auto &f : fields)
      s += (s.empty() ? "" : ", ") + f.name;
    return s;
  }

  std::vector<unsigned int>
  FieldDescriptions::select(const std::string &list,
                            const std::string &parameter) const
  {
    std::vector<unsigned int> result;
    for (const auto &name : Utilities::split_string_list(list))
      if (!name.empty())
        result.push_back(index(name, parameter));
    if (result.empty())
      for (unsigned int i = 0; i < fields.size(); ++i)
        result.push_back(i);
    return result;
  }
} // namespace Fluxion
