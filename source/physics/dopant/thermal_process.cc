#include <deal.II/base/exceptions.h>
#include <deal.II/base/utilities.h>

#include <fluxion/core/utilities.h>
#include <fluxion/physics/dopant/thermal_process.h>

#include <cmath>

namespace Fluxion
{
  namespace
  {
    // A number; @p where names the parameter and the step.
    double
    parse_number(const std::string &text, const std::string &where)
    {
      char        *end = nullptr;
      const double v   = std::strtod(text.c_str(), &end);
      AssertThrow(
        !text.empty() && end == text.c_str() + text.size() && std::isfinite(v),
        dealii::ExcMessage(where + ": <" + text + "> is not a number."));
      return v;
    }

    // "950 C" or "1223 K" -> K
    double
    parse_temperature(const std::string &text, const std::string &where)
    {
      const auto words = dealii::Utilities::split_string_list(text, ' ');
      AssertThrow(words.size() == 2,
                  dealii::ExcMessage(where + ": the temperature <" + text +
                                     "> must read like '950 C' or '1223 K'."));
      AssertThrow(words[1] == "C" || words[1] == "K",
                  dealii::ExcMessage(where + ": the temperature <" + text +
                                     "> has the unknown unit <" + words[1] +
                                     ">; expected C or K."));
      const double v = parse_number(words[0], where);
      const double T = words[1] == "C" ? v + 273.15 : v;
      AssertThrow(T > 0,
                  dealii::ExcMessage(where + ": the temperature <" + text +
                                     "> is at or below absolute zero (0 K)."));
      return T;
    }

    // "30 min" -> s
    double
    parse_duration(const std::string &text, const std::string &where)
    {
      const auto words = dealii::Utilities::split_string_list(text, ' ');
      AssertThrow(words.size() == 2,
                  dealii::ExcMessage(where + ": the duration <" + text +
                                     "> must read like '30 min', '90 s' or "
                                     "'2 h'."));
      AssertThrow(words[1] == "s" || words[1] == "min" || words[1] == "h",
                  dealii::ExcMessage(where + ": the duration <" + text +
                                     "> has the unknown unit <" + words[1] +
                                     ">; expected min, s or h."));
      const double v = parse_number(words[0], where);
      AssertThrow(v > 0,
                  dealii::ExcMessage(where + ": the duration <" + text +
                                     "> must be positive."));
      return v * (words[1] == "s" ? 1.0 : words[1] == "min" ? 60.0 : 3600.0);
    }
  } // namespace

  ThermalProcess::ThermalProcess(const std::string &text,
                                 const std::string &parameter,
                                 const double       start_time_s)
  {
    double t = start_time_s;
    for (const auto &entry : dealii::Utilities::split_string_list(text, ';'))
      {
        // Messages name the parameter and the whole step as written.
        const std::string where =
          "Parameter <" + parameter + ">, step <" + entry + ">";
        const auto colon = entry.find(':');
        AssertThrow(colon != std::string::npos,
                    dealii::ExcMessage(
                      where + ": must read like 'name: 950 C, 30 min' or "
                              "'name: 800 -> 1000 C, 10 min'."));
        Step step;
        step.name = dealii::Utilities::trim(entry.substr(0, colon));
        AssertThrow(!step.name.empty(),
                    dealii::ExcMessage(where + ": the step has no name."));
        const auto parts =
          dealii::Utilities::split_string_list(entry.substr(colon + 1), ',');
        AssertThrow(parts.size() == 2,
                    dealii::ExcMessage(where +
                                       ": needs a temperature and a "
                                       "duration, separated by a comma."));
        const auto arrow = parts[0].find("->");
        if (arrow == std::string::npos)
          step.T_start_K = step.T_end_K = parse_temperature(parts[0], where);
        else
          {
            // "800 -> 1000 C": the unit follows the second number.
            const auto second =
              dealii::Utilities::trim(parts[0].substr(arrow + 2));
            const auto unit = second.substr(second.find(' ') + 1);
            step.T_start_K  = parse_temperature(
              dealii::Utilities::trim(parts[0].substr(0, arrow)) + " " + unit,
              where);
            step.T_end_K = parse_temperature(second, where);
          }
        step.duration_s = parse_duration(parts[1], where);
        step.start_s    = t;
        t += step.duration_s;
        for (const auto &s : step_list)
          AssertThrow(s.name != step.name,
                      dealii::ExcMessage("Parameter <" + parameter +
                                         ">: two steps are named <" +
                                         step.name + ">."));
        step_list.push_back(step);
      }
    AssertThrow(!step_list.empty(),
                dealii::ExcMessage("Parameter <" + parameter +
                                   "> lists no process step."));
  }

  unsigned int
  ThermalProcess::step_index(const double t) const
  {
    for (unsigned int i = 0; i < step_list.size(); ++i)
      {
        const double end = step_list[i].start_s + step_list[i].duration_s;
        if (t <= end + 1e-9 * step_list[i].duration_s)
          return i;
      }
    return step_list.size() - 1;
  }

  double
  ThermalProcess::temperature(const double t) const
  {
    const Step  &s = step_list[step_index(t)];
    const double f =
      std::min(1.0, std::max(0.0, (t - s.start_s) / s.duration_s));
    return s.T_start_K + f * (s.T_end_K - s.T_start_K);
  }

  double
  ThermalProcess::end_time() const
  {
    return step_list.back().start_s + step_list.back().duration_s;
  }

  std::vector<double>
  ThermalProcess::breakpoints() const
  {
    std::vector<double> b;
    for (const auto &s : step_list)
      b.push_back(s.start_s + s.duration_s);
    return b;
  }
} // namespace Fluxion
