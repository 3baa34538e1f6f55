#ifndef fluxion_core_named_plugins_h
#define fluxion_core_named_plugins_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/types.h>

#include <fluxion/core/plugin_registry.h>
#include <fluxion/core/utilities.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace Fluxion
{
  using namespace dealii;

  /**
   * The named parts of a mesh that parameters refer to.
   */
  enum class MeshPart
  {
    region,
    boundary
  };

  /**
   * Throw an error naming @p parameter unless @p name is a region or
   * boundary (@p part) of the mesh, whose names are the keys of @p mesh
   * (region or boundary ids); the error lists them.
   */
  template <typename Id>
  void
  check_mesh_name(const std::string               &name,
                  const std::map<std::string, Id> &mesh,
                  const std::string               &parameter,
                  const MeshPart                   part);

  /**
   * Enters nested subsections of a ParameterHandler and leaves them again
   * at the end of the scope, also when an error unwinds it.
   */
  class SubsectionScope
  {
  public:
    SubsectionScope(ParameterHandler               &prm,
                    const std::vector<std::string> &path);
    ~SubsectionScope();

  private:
    ParameterHandler &prm;
    unsigned int      depth;
  };

  /**
   * One plugin created for a named region or boundary.
   */
  template <typename Interface, typename Id>
  struct NamedPlugin
  {
    std::string                name;
    Id                         id;
    std::unique_ptr<Interface> plugin;
  };

  /**
   * A parameter that creates one plugin per named region or boundary,
   * written as 'name: plugin' pairs, e.g. <Boundary conditions/Types> =
   * inlet: dirichlet, outlet: mass transfer. The parameters of each named
   * plugin go into a subsection of the same section named after the region
   * or boundary. This class parses the map, declares the named
   * subsections, checks the names against the mesh and creates the
   * plugins; errors name the parameter.
   */
  template <typename Interface>
  class NamedPlugins
  {
  public:
    /**
     * The map is the entry @p entry of the subsection @p section; @p part
     * says what the names are, @p noun what the plugins are called in the
     * documentation (e.g. "law").
     */
    NamedPlugins(const std::string &section,
                 const std::string &entry,
                 const MeshPart     part,
                 const std::string &noun);

    /**
     * The parameter's name, "section/entry", for error messages.
     */
    std::string
    parameter() const;

    /**
     * The 'name: plugin' pairs of the map in @p prm (at the top level),
     * each plugin checked against the registry.
     */
    std::vector<std::pair<std::string, std::string>>
    choices(const ParameterHandler &prm) const;

    /**
     * Declare the named subsections in @p prm (at the top level): with
     * NamedSections::listed one per name of the map, which must have been
     * read from the parameter file; with NamedSections::every_plugin one
     * example per registered plugin.
     */
    void
    declare_sections(ParameterHandler &prm, const NamedSections which) const;

    /**
     * Check every name of the map against the names of the mesh (the keys of
     * @p mesh) and create its plugin from its subsection, in the order of
     * the map.
     */
    template <typename Id>
    std::vector<NamedPlugin<Interface, Id>>
    create(ParameterHandler &prm, const std::map<std::string, Id> &mesh) const;

  private:
    /// The subsections of the section (a path separated by '/').
    std::vector<std::string>
    path() const
    {
      return Utilities::split_string_list(section, '/');
    }

    std::string section;
    std::string entry;
    MeshPart    part;
    std::string noun;
  };


  template <typename Id>
  void
  check_mesh_name(const std::string               &name,
                  const std::map<std::string, Id> &mesh,
                  const std::string               &parameter,
                  const MeshPart                   part)
  {
    const bool region = part == MeshPart::region;
    AssertThrow(mesh.count(name),
                ExcMessage("Parameter <" + parameter + ">: the mesh has no " +
                           (region ? "region" : "boundary") + " named <" +
                           name + ">. Its " +
                           (region ? "regions" : "boundaries") +
                           " are: " + join_names(mesh) + "."));
  }

  template <typename Interface>
  NamedPlugins<Interface>::NamedPlugins(const std::string &section,
                                        const std::string &entry,
                                        const MeshPart     part,
                                        const std::string &noun)
    : section(section)
    , entry(entry)
    , part(part)
    , noun(noun)
  {}

  template <typename Interface>
  std::string
  NamedPlugins<Interface>::parameter() const
  {
    return section + "/" + entry;
  }

  template <typename Interface>
  std::vector<std::pair<std::string, std::string>>
  NamedPlugins<Interface>::choices(const ParameterHandler &prm) const
  {
    const auto map = parse_map(prm.get(path(), entry), parameter());
    for (const auto &m : map)
      PluginRegistry<Interface>::instance().get(m.second, parameter());
    return map;
  }

  template <typename Interface>
  void
  NamedPlugins<Interface>::declare_sections(ParameterHandler   &prm,
                                            const NamedSections which) const
  {
    std::vector<std::pair<std::string, std::string>> sections;
    if (which == NamedSections::listed)
      sections = choices(prm);
    else
      for (const auto &p : PluginRegistry<Interface>::instance().all())
        sections.emplace_back(std::string(part == MeshPart::region ?
                                            "<region>" :
                                            "<boundary>") +
                                " with " + noun + " '" + p.first + "'",
                              p.first);
    for (const auto &s : sections)
      {
        std::vector<std::string> where = path();
        where.push_back(s.first);
        SubsectionScope scope(prm, where);
        PluginRegistry<Interface>::instance()
          .get(s.second, parameter())
          .declare_parameters(prm);
      }
  }

  template <typename Interface>
  template <typename Id>
  std::vector<NamedPlugin<Interface, Id>>
  NamedPlugins<Interface>::create(ParameterHandler                &prm,
                                  const std::map<std::string, Id> &mesh) const
  {
    std::vector<NamedPlugin<Interface, Id>> result;
    for (const auto &m : choices(prm))
      {
        check_mesh_name(m.first, mesh, parameter(), part);
        std::unique_ptr<Interface> plugin;
        std::string                problem;
        {
          std::vector<std::string> where = path();
          where.push_back(m.first);
          SubsectionScope s(prm, where);
          try
            {
              plugin = PluginRegistry<Interface>::instance().create(m.second,
                                                                    parameter(),
                                                                    prm);
            }
          catch (const ExceptionBase &e)
            {
              problem = exception_message(e);
            }
        }
        AssertThrow(problem.empty(),
                    ExcMessage("In subsection <" + section + "/" + m.first +
                               ">: " + problem));
        result.push_back({m.first, mesh.at(m.first), std::move(plugin)});
      }
    return result;
  }
} // namespace Fluxion

#endif
