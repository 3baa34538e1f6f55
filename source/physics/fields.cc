#include <deal.II/base/exceptions.h>
#include <deal.II/base/utilities.h>

#include <fluxion/core/utilities.h>
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

  std::vector<double>
  field_weights(const FieldDescriptions &fields,
                const std::string       &list,
                const std::string       &scales,
                const std::string       &section)
  {
    std::vector<double> weights(fields.size(), 0.0);
    for (const auto i : fields.select(list, section + "/Fields"))
      weights[i] = 1;
    const std::string parameter = section + "/Scales";
    const auto        items     = Utilities::split_string_list(scales, ',');
    // One number for every listed field.
    if (items.size() == 1 && items[0].find(':') == std::string::npos)
      {
        const double s = parse_double(items[0], parameter);
        AssertThrow(s >= 0,
                    ExcMessage("<" + parameter + "> must not be negative."));
        for (auto &w : weights)
          w *= s;
        return weights;
      }
    for (const auto &item : items)
      {
        const auto colon = item.find(':');
        AssertThrow(colon != std::string::npos,
                    ExcMessage("<" + parameter + ">: <" + item +
                               "> must read like 'c: 1'."));
        const unsigned int i =
          fields.index(Utilities::trim(item.substr(0, colon)), parameter);
        AssertThrow(weights[i] != 0,
                    ExcMessage("<" + parameter + "> gives a scale to '" +
                               fields[i].name + "', which <" + section +
                               "/Fields> does not list."));
        weights[i] = parse_double(item.substr(colon + 1), parameter);
        AssertThrow(weights[i] >= 0,
                    ExcMessage("<" + parameter + ">: the scale of '" +
                               fields[i].name + "' must not be negative."));
      }
    return weights;
  }
} // namespace Fluxion
