#include <deal.II/base/utilities.h>

#include <fluxion/core/parameters.h>
#include <fluxion/core/simulator.h>
#include <fluxion/core/utilities.h>

#include <map>
#include <memory>
#include <sstream>

namespace Fluxion
{
  void
  parse_parameter_text(ParameterHandler  &prm,
                       const std::string &text,
                       const std::string &filename,
                       const bool         skip_undefined)
  {
    try
      {
        prm.parse_input_from_string(text, "", skip_undefined);
      }
    catch (const std::exception &e)
      {
        std::string       msg = exception_message(e);
        const std::string tag = "input string";
        for (auto p = msg.find(tag); p != std::string::npos; p = msg.find(tag))
          msg.replace(p, tag.size(), filename);
        AssertThrow(false, ExcMessage(msg));
      }
  }

  std::string
  read_physics_name(const std::string &text, const std::string &filename)
  {
    ParameterHandler first;
    first.declare_entry("Physics", default_physics, Patterns::Anything());
    parse_parameter_text(first, text, filename, true);
    return first.get("Physics");
  }

  namespace
  {
    // How many leading sections of @p path @p prm declares.
    unsigned int
    declared_depth(const ParameterHandler         &prm,
                   const std::vector<std::string> &path)
    {
      unsigned int depth = 0;
      while (
        depth < path.size() &&
        prm.subsection_path_exists(
          std::vector<std::string>(path.begin(), path.begin() + depth + 1)))
        ++depth;
      return depth;
    }

    // Whether @p prm declares the entry @p entry in the section @p path.
    bool
    is_declared(const ParameterHandler         &prm,
                const std::vector<std::string> &path,
                const std::string              &entry)
    {
      if (declared_depth(prm, path) < path.size())
        return false;
      try
        {
          prm.get(path, entry);
          return true;
        }
      catch (...)
        {
          return false;
        }
    }

    // Throw an error if @p text sets an entry that @p prm (the parameters
    // of the physics @p physics) does not declare but another physics
    // does: it names the entry and the physics it belongs to.
    template <int dim>
    void
    check_other_physics_entries(const ParameterHandler &prm,
                                const std::string      &physics,
                                const std::string      &text,
                                const std::string      &filename)
    {
      std::map<std::string, std::unique_ptr<ParameterHandler>> others;
      for (const auto &p :
           PluginRegistry<PhysicsInterface<dim>>::instance().all())
        if (p.first != physics)
          {
            others[p.first] = std::make_unique<ParameterHandler>();
            p.second.declare_parameters(*others[p.first]);
          }
      std::istringstream       lines(text);
      std::string              line;
      std::vector<std::string> path;
      for (unsigned int n = 1; std::getline(lines, line); ++n)
        {
          line = Utilities::trim(line.substr(0, line.find('#')));
          if (line.rfind("subsection ", 0) == 0)
            path.push_back(Utilities::trim(line.substr(11)));
          else if (line == "end" && !path.empty())
            path.pop_back();
          if (line.rfind("set ", 0) != 0 || line.find('=') == std::string::npos)
            continue;
          const std::string entry =
            Utilities::trim(line.substr(4, line.find('=') - 4));
          if (is_declared(prm, path, entry))
            continue;
          for (const auto &other : others)
            if (is_declared(*other.second, path, entry) ||
                declared_depth(*other.second, path) > declared_depth(prm, path))
              {
                std::string name;
                for (const auto &s : path)
                  name += s + "/";
                AssertThrow(false,
                            ExcMessage(
                              "Parameter <" + name + entry +
                              "> belongs to the physics <" + other.first +
                              ">, but <Physics> is <" + physics +
                              ">: remove it, or select that "
                              "physics (line " +
                              std::to_string(n) + " of " + filename + ")."));
              }
        }
    }
  } // namespace

  template <int dim>
  void
  read_parameters(ParameterHandler  &prm,
                  const std::string &text,
                  const std::string &filename)
  {
    // Only the physics that the file selects declares its sections.
    const std::string name = read_physics_name(text, filename);
    const auto       &physics =
      PluginRegistry<PhysicsInterface<dim>>::instance().get(name, "Physics");
    Simulator<dim>::declare_parameters(prm);
    physics.declare_parameters(prm);
    parse_parameter_text(prm, text, filename, true);
    // Twice: named sections may declare entries (such as the boundary
    // conditions of fields that the file names) that list further sections.
    if (physics.declare_named_parameters)
      {
        physics.declare_named_parameters(prm, NamedSections::listed);
        parse_parameter_text(prm, text, filename, true);
        physics.declare_named_parameters(prm, NamedSections::listed);
      }
    check_other_physics_entries<dim>(prm, name, text, filename);
    parse_parameter_text(prm, text, filename, false);
  }

  namespace
  {
    // A ParameterHandler's listing without deal.II's title lines.
    std::string
    listing(const ParameterHandler &prm, const bool json)
    {
      std::ostringstream s;
      if (json)
        {
          prm.print_parameters(s, ParameterHandler::JSON);
          return s.str();
        }
      prm.print_parameters(s,
                           ParameterHandler::PRM |
                             ParameterHandler::KeepDeclarationOrder);
      std::string text = s.str();
      for (const std::string title :
           {"# Listing of Parameters\n", "# ---------------------\n"})
        if (text.rfind(title, 0) == 0)
          text.erase(0, title.size());
      while (text.size() > 1 && text[text.size() - 2] == '\n')
        text.pop_back();
      return text;
    }

    // A string as a JSON string literal.
    std::string
    json_string(const std::string &text)
    {
      std::string s = "\"";
      for (const char c : text)
        s +=
          (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
      return s + "\"";
    }
  } // namespace

  void
  print_parameter_documentation(std::ostream &out, const std::string &format)
  {
    const bool       json = format == "json";
    ParameterHandler global;
    Simulator<2>::declare_parameters(global);
    if (json)
      out << "{\n\"global\": " << listing(global, true)
          << ",\n\"physics\": {\n";
    else
      out << "# Every parameter of Fluxion (2D): first the sections of every "
             "run, then\n# those of each physics, which exist only when "
             "<Physics> selects it.\n\n"
          << listing(global, false);
    bool first = true;
    for (const auto &p : PluginRegistry<PhysicsInterface<2>>::instance().all())
      {
        ParameterHandler prm;
        p.second.declare_parameters(prm);
        if (p.second.declare_named_parameters)
          p.second.declare_named_parameters(prm, NamedSections::every_plugin);
        if (json)
          out << (first ? "" : ",\n") << json_string(p.first) << ": "
              << listing(prm, true);
        else
          {
            out << "\n\n\n# " << std::string(74, '=') << "\n"
                << "# set Physics = " << p.first << "\n#\n";
            for (const auto &line :
                 Utilities::break_text_into_lines(p.second.description, 74))
              out << "# " << line << "\n";
            out << "# " << std::string(74, '=') << "\n\n"
                << listing(prm, false);
          }
        first = false;
      }
    if (json)
      out << "}\n}\n";
  }

  template void
  read_parameters<1>(ParameterHandler &,
                     const std::string &,
                     const std::string &);
  template void
  read_parameters<2>(ParameterHandler &,
                     const std::string &,
                     const std::string &);
  template void
  read_parameters<3>(ParameterHandler &,
                     const std::string &,
                     const std::string &);
} // namespace Fluxion
