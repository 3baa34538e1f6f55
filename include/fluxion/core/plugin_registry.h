#ifndef fluxion_core_plugin_registry_h
#define fluxion_core_plugin_registry_h

#include <deal.II/base/exceptions.h>
#include <deal.II/base/parameter_handler.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace Fluxion
{
  using namespace dealii;

  /**
   * Which subsections a plugin declares for the names that its parameters
   * list (see NamedPlugins).
   */
  enum class NamedSections
  {
    /**
     * One subsection per name that the parameter file lists (it has been
     * read once).
     */
    listed,
    /**
     * For the documentation: one example subsection per registered plugin
     * of a map, e.g. `<region> with law 'constant'`, and the subsections of
     * the default values.
     */
    every_plugin
  };

  /**
   * Base class of every plugin. A plugin declares its parameters through a
   * static function `declare_parameters(ParameterHandler &)` and reads them
   * in parse_parameters(), which is called with the ParameterHandler already
   * inside the plugin's own subsection.
   */
  class PluginBase
  {
  public:
    virtual ~PluginBase() = default;

    /**
     * Read the parameters declared by the plugin's declare_parameters().
     */
    virtual void
    parse_parameters(ParameterHandler &prm);
  };

  /**
   * A registry of plugins of one interface type. Plugins join it from their
   * own `.cc` file through FLUXION_REGISTER_PLUGIN, and the parameter file
   * selects them by name. The list of names builds the parameter pattern,
   * and the descriptions build the documentation.
   */
  template <typename Interface>
  class PluginRegistry
  {
  public:
    using Declare = std::function<void(ParameterHandler &)>;
    using Factory = std::function<std::unique_ptr<Interface>()>;
    using DeclareNamed =
      std::function<void(ParameterHandler &, const NamedSections)>;

    /**
     * Everything the registry knows about one plugin.
     */
    struct Entry
    {
      std::string description;
      Declare     declare_parameters;
      Factory     create;
      /**
       * Declares the subsections named after what the parameter file lists
       * (e.g. one per boundary); empty for plugins that have none.
       */
      DeclareNamed declare_named_parameters;
    };

    /**
     * The one registry of this interface.
     */
    static PluginRegistry &
    instance()
    {
      static PluginRegistry registry;
      return registry;
    }

    /**
     * Add a plugin. Returns true so that it can initialise a static bool.
     */
    bool
    add(const std::string  &name,
        const std::string  &description,
        const Declare      &declare,
        const Factory      &factory,
        const DeclareNamed &declare_named = nullptr)
    {
      AssertThrow(entries.find(name) == entries.end(),
                  ExcMessage("A plugin named <" + name +
                             "> is registered twice."));
      entries[name] = Entry{description, declare, factory, declare_named};
      return true;
    }

    /**
     * The names joined by '|', for Patterns::Selection.
     */
    std::string
    names() const
    {
      std::string s;
      for (const auto &e : entries)
        s += (s.empty() ? "" : "|") + e.first;
      return s;
    }

    /**
     * Every plugin with its description, for parameter documentation.
     */
    std::string
    descriptions() const
    {
      std::string s;
      for (const auto &e : entries)
        s += " '" + e.first + "': " + e.second.description;
      return s;
    }

    /**
     * Return the entry of a plugin, or throw an error that names the
     * parameter that asked for it and lists the valid names.
     */
    const Entry &
    get(const std::string &name, const std::string &parameter) const
    {
      const auto it = entries.find(name);
      AssertThrow(it != entries.end(),
                  ExcMessage("Parameter <" + parameter + ">: unknown " +
                             Interface::kind() + " <" + name +
                             ">. Valid names are: " + names() + "."));
      return it->second;
    }

    /**
     * Create a plugin and let it read its parameters from the subsection
     * that the ParameterHandler is currently in.
     */
    std::unique_ptr<Interface>
    create(const std::string &name,
           const std::string &parameter,
           ParameterHandler  &prm) const
    {
      auto plugin = get(name, parameter).create();
      plugin->parse_parameters(prm);
      return plugin;
    }

    /**
     * All registered plugins.
     */
    const std::map<std::string, Entry> &
    all() const
    {
      return entries;
    }

  private:
    std::map<std::string, Entry> entries;
  };
} // namespace Fluxion

#define FLUXION_CONCAT_IMPL(a, b) a##b
#define FLUXION_CONCAT(a, b) FLUXION_CONCAT_IMPL(a, b)

/**
 * Register the class template `classname<dim>` as a plugin of the interface
 * template `interface<dim>` for dim = 1, 2, 3, under the given name, with
 * `declare_named` (an expression of `dim`, or nullptr) as the declaration
 * of its named subsections. Used by FLUXION_REGISTER_PLUGIN and
 * FLUXION_REGISTER_PHYSICS.
 */
#define FLUXION_REGISTER_PLUGIN_WITH_NAMED_SECTIONS(                    \
  interface, classname, name, description, declare_named)               \
  template class classname<1>;                                          \
  template class classname<2>;                                          \
  template class classname<3>;                                          \
  namespace                                                             \
  {                                                                     \
    template <int dim>                                                  \
    bool                                                                \
    FLUXION_CONCAT(register_, classname)()                              \
    {                                                                   \
      return ::Fluxion::PluginRegistry<interface<dim>>::instance().add( \
        name,                                                           \
        description,                                                    \
        &classname<dim>::declare_parameters,                            \
        []() -> std::unique_ptr<interface<dim>> {                       \
          return std::make_unique<classname<dim>>();                    \
        },                                                              \
        declare_named);                                                 \
    }                                                                   \
    const bool FLUXION_CONCAT(registered_, classname) =                 \
      FLUXION_CONCAT(register_, classname)<1>() &&                      \
      FLUXION_CONCAT(register_, classname)<2>() &&                      \
      FLUXION_CONCAT(register_, classname)<3>();                        \
  }

/**
 * Register the class template `classname<dim>` as a plugin of the interface
 * template `interface<dim>` for dim = 1, 2, 3, under the given name. Use it
 * inside the namespace of the class, with the class's unqualified name.
 */
#define FLUXION_REGISTER_PLUGIN(interface, classname, name, description) \
  FLUXION_REGISTER_PLUGIN_WITH_NAMED_SECTIONS(                           \
    interface, classname, name, description, nullptr)

#endif
